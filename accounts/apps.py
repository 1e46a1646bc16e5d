from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "الحسابات والأدوار"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_sign_in

        # Session bookkeeping only (the minute of the sign-in), no business logic.
        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")
