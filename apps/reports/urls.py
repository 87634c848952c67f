from django.urls import path

from apps.reports import views
from apps.reports.views import alerts, documents, foresight

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
    # foresight: term projection, org chart of posts, successor finder
    path("du-bao/", foresight.projection_default, name="projection_default"),
    path("du-bao/<int:pk>/", foresight.projection_page, name="projection"),
    path("du-bao/<int:pk>/tai-xuong.xlsx", foresight.projection_xlsx, name="projection_xlsx"),
    path("so-do-chuc-danh/<int:pk>/", foresight.org_chart, name="org_chart"),
    path("tim-nguoi-ke-can/<int:pk>/", foresight.finder, name="finder"),
    # the papers of a round (contracts §8) and the list's reading export, linked from the list page
    path(
        "danh-sach/<int:pk>/van-ban/<str:document>.<str:fmt>",
        documents.planning_document_download,
        name="planning_document",
    ),
    path("danh-sach/<int:pk>/bang-doc.xlsx", documents.planning_list_reading_xlsx, name="planning_list_xlsx"),
    # alerts: the bell, the list, opening one, marking all read
    path("thong-bao/", alerts.alert_index, name="alerts"),
    path("thong-bao/chuong/", alerts.alerts_badge, name="alerts_badge"),
    path("thong-bao/<int:pk>/mo/", alerts.alert_open, name="alert_open"),
    path("thong-bao/da-doc/", alerts.alerts_read_all, name="alerts_read_all"),
]
