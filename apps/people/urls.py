from django.urls import path

from apps.people import views

app_name = "people"
urlpatterns = [
    path("", views.official_list, name="list"),
    path("them/", views.official_create_view, name="create"),
    path("<int:pk>/", views.official_detail, name="detail"),
    path("<int:pk>/sua/", views.official_edit, name="edit"),
    path("tin-nhiem/<int:org_pk>/", views.confidence_grid, name="confidence"),
    path("<int:pk>/ho-so/<str:kind>/them/", views.official_record_edit, name="record_add"),
    path("<int:pk>/ho-so/<str:kind>/<int:record_pk>/sua/", views.official_record_edit, name="record_edit"),
    path(
        "<int:pk>/ho-so/<str:kind>/<int:record_pk>/xoa/", views.official_record_delete, name="record_delete"
    ),
]
