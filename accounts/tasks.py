"""Background jobs of the accounts app."""

from celery import shared_task


@shared_task
def captcha_purge_task() -> int:
    """Delete expired CAPTCHA challenges (django-simple-captcha keeps every one it drew)."""
    from captcha.models import CaptchaStore
    from django.utils import timezone

    deleted, _ = CaptchaStore.objects.filter(expiration__lte=timezone.now()).delete()
    return deleted
