from django.urls import path

from apps.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.planning_list_index, name="list"),
    path("tao-moi/", views.planning_list_create, name="create"),
    path("mau-tep.xlsx", views.planning_template, name="template"),
    path("nhap-tep/", views.planning_import_upload, name="import"),
    path("nhap-tep/xac-nhan/", views.planning_import_confirm, name="import_confirm"),
    path("<int:pk>/", views.planning_list_detail, name="detail"),
    path("<int:pk>/them-can-bo/", views.planning_entry_add, name="entry_add"),
    path("<int:pk>/them-can-bo/tim/", views.planning_official_search, name="official_search"),
    path("<int:pk>/them-can-bo/kiem-tra/", views.planning_entry_preview, name="entry_preview"),
    path("<int:pk>/muc/<int:entry_pk>/sua/", views.planning_entry_edit, name="entry_edit"),
    path(
        "<int:pk>/muc/<int:entry_pk>/sua/kiem-tra/",
        views.planning_entry_edit_preview,
        name="entry_edit_preview",
    ),
    path("<int:pk>/muc/<int:entry_pk>/dua-ra/", views.planning_entry_remove, name="entry_remove"),
    path("<int:pk>/dua-ra-nhieu/", views.planning_entries_remove, name="entries_remove"),
    path("<int:pk>/trinh/", views.planning_list_submit, name="submit"),
    path("<int:pk>/phe-duyet/", views.planning_list_approve, name="approve"),
    path("<int:pk>/tra-lai/", views.planning_list_return, name="return"),
    path("<int:pk>/phien-ban-moi/", views.planning_list_new_version, name="new_version"),
    path("<int:pk>/ra-soat/", views.planning_list_removal_triggers, name="removal_triggers"),
    path("<int:pk>/ra-soat-hang-nam/", views.planning_list_record_review, name="record_review"),
    path("<int:pk>/dao-tao/", views.planning_list_training, name="training"),
    path("dao-tao/to-chuc/<int:pk>/", views.planning_training_subtree, name="training_subtree"),
    path("<int:pk>/phieu/<str:step>/", views.planning_votes_step, name="votes"),
    path("<int:pk>/phieu/<str:step>/tai-len/", views.planning_votes_upload, name="votes_upload"),
    path("<int:pk>/tai-xuong.xlsx", views.planning_list_export, name="export"),
    path("<int:pk>/kiem-tra-lai/", views.planning_list_recheck_view, name="recheck"),
]
