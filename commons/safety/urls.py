from .views import cases, decisions, reports

app_name = "safety"

urlpatterns = reports.urlpatterns + cases.urlpatterns + decisions.urlpatterns
