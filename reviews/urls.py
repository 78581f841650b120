"""Hall pages of the workflow, mounted in both halls: task lists, detail, and the generic kind forms."""

from django.urls import path

from . import draft_views, views


def _hall_patterns(hall: str):
    return [
        path("", views.hall_home, {"hall": hall}, name="home"),
        path("tasks/todo/", views.todo, {"hall": hall}, name="todo"),
        path("tasks/", views.submission_list, {"hall": hall}, name="submissions"),
        path("tasks/<int:pk>/", views.submission_detail, {"hall": hall}, name="submission_detail"),
        path("tasks/<int:pk>/edit/", views.submission_edit, {"hall": hall}, name="submission_edit"),
        path("tasks/<int:pk>/lines/<int:line>/remove/", draft_views.draft_line_remove, {"hall": hall},
             name="draft_line_remove"),
        path("tasks/<int:pk>/lines.xlsx", draft_views.lines_export, {"hall": hall}, name="lines_export"),
        path("tasks/<int:pk>/submit-draft/", draft_views.draft_submit, {"hall": hall}, name="draft_submit"),
        path("tasks/<int:pk>/<str:action>/", views.submission_act, {"hall": hall}, name="submission_act"),
        path("business/<str:kind>/new/", views.submission_new, {"hall": hall}, name="submission_new"),
    ]


unit_patterns = _hall_patterns("unit")
person_patterns = _hall_patterns("person")
