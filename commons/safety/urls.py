from .views import cases, decisions, reports, transparency

app_name = "safety"

urlpatterns = reports.urlpatterns + cases.urlpatterns + decisions.urlpatterns
urlpatterns += transparency.urlpatterns
