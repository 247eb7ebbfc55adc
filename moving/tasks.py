from django_tasks import task

from .services import import_run


@task()
def run_import(job_id):
    """Import a member's uploaded library (moving.services.import_run): inline in development and
    tests, on the database queue's worker in production."""
    import_run(job_id=job_id)
