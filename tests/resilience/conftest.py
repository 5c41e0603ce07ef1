import pytest

from .server import run_gunicorn


@pytest.fixture(scope="module")
def shared_gunicorn(django_db_setup):
    """Koers under gunicorn on the test database for the tests of one module: 4 workers of 4 threads.

    Shared, so that starting and warming up the workers is paid once and later tests meet warm workers,
    which answer closer together; pytest-django empties the database between the tests.
    """
    with run_gunicorn(workers=4, threads=4) as server:
        yield server


@pytest.fixture
def gunicorn_server(shared_gunicorn, transactional_db):
    """The module's gunicorn, with this test's data committed where the server sees it; its log starts here."""
    if shared_gunicorn.process.poll() is not None:
        raise RuntimeError(f"gunicorn stopped:\n{shared_gunicorn.log()[-4000:]}")
    shared_gunicorn.mark()
    return shared_gunicorn
