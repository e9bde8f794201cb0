"""Pages for decisions."""

urlpatterns: list = []
