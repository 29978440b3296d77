import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """QSettings go to a tmp folder, never to the developer's own."""
    from ui import settings
    settings.use_folder(tmp_path / "settings")
    yield
    settings._folder = None


@pytest.fixture
def context(qtbot, demo_copy):
    from db.store import Store
    from ui.app import make_app
    from ui.data import DataContext
    make_app()
    store = Store.open(demo_copy)
    ctx = DataContext(store)
    yield ctx
    if ctx.store is not None:
        ctx.store.close()
