from django.urls import path

from apps.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.rule_set_list, name="list"),
    path("<str:code>/", views.rule_set_detail, name="detail"),
]
