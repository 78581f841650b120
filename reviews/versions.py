"""The data versions of submissions (``siportal.core.versions``): every saved or deleted submission renews the
token of its owners' task lists and counts (``sub:unit:…``, ``sub:person:…``) and of its region
(``sub:region:…``, the reviewers' queue). Submissions are written with ``save()`` only (the workflow
service, drafts, imports), so the model signals see every write."""

from django.db.models.signals import post_delete, post_save

from siportal.core import versions


def submission_scopes(submission) -> list[str]:
    """The owners' scopes and the submission's region's (a reviewer's queue reads the tokens of every region
    it sees)."""
    scopes = [f"sub:region:{submission.region_id}"]
    if submission.unit_id is not None:
        scopes.append(f"sub:unit:{submission.unit_id}")
    if submission.person_id is not None:
        scopes.append(f"sub:person:{submission.person_id}")
    return scopes


def _changed(sender, instance, **kwargs):
    versions.bump(*submission_scopes(instance))


def _unit_changed(sender, instance, **kwargs):
    """A unit's name or facts changed: its hall counts and lists and its region's queue show them."""
    versions.bump(f"sub:unit:{instance.pk}", f"sub:region:{instance.region_id}")


def connect():
    from accounts.models import Unit

    from .models import Submission

    post_save.connect(_changed, sender=Submission, dispatch_uid="reviews.submission_versions")
    post_delete.connect(_changed, sender=Submission, dispatch_uid="reviews.submission_versions_delete")
    post_save.connect(_unit_changed, sender=Unit, dispatch_uid="reviews.unit_versions")
