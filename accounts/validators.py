"""Password rule of 等保三级: at least three of upper-case letters, lower-case letters, digits and symbols."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _("密码必须包含大写字母、小写字母、数字、特殊符号中的至少%(n)d类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码至少8位,且包含大写字母、小写字母、数字、特殊符号中的至少%(n)d类。") % {"n": self.min_classes}
