"""Pages for cases."""

urlpatterns: list = []
