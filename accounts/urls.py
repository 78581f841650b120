"""Account pages. ``public_patterns`` are mounted under /accounts/ (namespace ``accounts``); ``unit_patterns``
join the unit hall's namespace ``unit`` under /unit/."""

from django.urls import path

from . import views

public_patterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
]

unit_patterns = [
    path("bind/", views.bind, name="bind"),
    path("commitment/", views.commitment, name="commitment"),
]
