"""What the benchmark modules share: the bench database with Django set up, and a median timer."""

import os
import statistics
import time


def django_setup(*, test_client: bool = False) -> None:
    """Point Django at ``BENCH_DATABASE_URL`` (default: this machine's PostgreSQL, ``siportal_bench``) and set it up;
    ``test_client`` lets Django's test client in (its host is ``testserver``)."""
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL",
                                                "postgres://postgres@127.0.0.1:5432/siportal_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siportal.settings.test")
    os.environ.setdefault("SECRET_KEY", "bench")
    if test_client:
        os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def median_ms(fn, repeat: int = 5) -> float:
    """The median of ``repeat`` runs of ``fn``, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
