from django.urls import path

from apps.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_tree, name="tree"),
    path("tim/", views.organization_search, name="search"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/don-vi-truc-thuoc/", views.organization_children, name="children"),
]
