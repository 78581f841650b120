"""Account services (keyword-only ``<entity>_<verb>`` functions); views and the admin call only these."""

from .agents import agent_create, agent_disable, agent_enable, agent_reset_password, agent_unbind
from .binding import credential_issue, unit_bind, unit_unbind
from .commitment import commitment_template_pdf, commitment_upload
from .common import AccountError
from .lockout import login_unlock
from .passwords import user_password_change
from .registration import (
    person_account_reset,
    person_claim_code,
    person_register,
    person_register_code,
    sms_code_issue,
    sms_code_verify,
    unit_register,
)

__all__ = [
    "AccountError",
    "agent_create", "agent_disable", "agent_enable", "agent_reset_password", "agent_unbind",
    "commitment_template_pdf", "commitment_upload",
    "credential_issue", "unit_bind", "unit_unbind",
    "person_account_reset", "person_claim_code", "person_register", "person_register_code",
    "sms_code_issue", "sms_code_verify", "unit_register",
    "login_unlock", "user_password_change",
]
