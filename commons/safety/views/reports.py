"""Pages for reports."""

urlpatterns: list = []
