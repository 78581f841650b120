from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与单位"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from .lockout import count_failure, forget_failures

        user_login_failed.connect(count_failure, dispatch_uid="accounts.count_login_failure")
        user_logged_in.connect(forget_failures, dispatch_uid="accounts.forget_login_failures")
