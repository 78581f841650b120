"""Account pages. ``public_patterns`` are mounted under /accounts/ (namespace ``accounts``); ``unit_patterns``
join the unit hall's namespace ``unit`` under /unit/."""

from django.urls import path

from .views import agents, auth, registration, unit

public_patterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("password/done/", auth.password_change_done, name="password_change_done"),
    path("password/set/<uidb64>/<token>/", auth.password_set, name="password_set"),
    path("register/unit/", registration.register_unit, name="register_unit"),
    path("register/person/", registration.register_person, name="register_person"),
    path("register/person/code/", registration.register_person_code, name="register_person_code"),
]

unit_patterns = [
    path("bind/", unit.bind, name="bind"),
    path("commitment/", unit.commitment, name="commitment"),
    path("commitment/template.pdf", unit.commitment_template, name="commitment_template"),
    path("commitment/<int:pk>/file/", unit.commitment_file, name="commitment_file"),
    path("agents/", agents.agents, name="agents"),
    path("agents/new/", agents.agent_add, name="agent_add"),
    path("agents/<int:pk>/disable/", agents.agent_disable, name="agent_disable"),
    path("agents/<int:pk>/enable/", agents.agent_enable, name="agent_enable"),
    path("agents/<int:pk>/unbind/", agents.agent_unbind, name="agent_unbind"),
    path("agents/<int:pk>/reset-password/", agents.agent_reset_password, name="agent_reset_password"),
    path("agents/<int:pk>/unlock/", agents.agent_unlock, name="agent_unlock"),
]
