from django.urls import path

from apps.reports import views

app_name = "reports"
urlpatterns = [
    # compliance reports: request, progress, downloads
    path("", views.report_index, name="index"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/tien-do/", views.report_progress, name="progress"),
    path("<int:pk>/tai-xuong/<str:fmt>/", views.report_download, name="download"),
    # the approver's queue and the lists with errors (linked from the home page)
    path("cho-phe-duyet/", views.approval_queue_page, name="queue"),
    # dashboards
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/<int:pk>/", views.dashboard_organization, name="dashboard_organization"),
    path("tong-quan/<int:pk>/cap-nhat/", views.dashboard_refresh, name="dashboard_refresh"),
]
