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


# qtbot.addWidget holds only a weak reference. A widget caught in a reference cycle (bound
# methods connected to signals make such cycles) is then freed by Python's cyclic garbage
# collector at a random moment, which can be in the middle of Qt laying that very widget out:
# a segmentation fault. `keep(widget)` holds a strong reference until teardown, then deletes
# the widget through Qt, so its end is deterministic.
@pytest.fixture
def keep(qtbot):
    held = []

    def hold(widget):
        qtbot.addWidget(widget)
        held.append(widget)
        return widget

    yield hold
    from PySide6.QtCore import QCoreApplication, QEvent
    for widget in held:
        widget.close()
        widget.deleteLater()
    held.clear()
    # Deferred deletes wait for an event loop; run them now, or the widgets pile up and every
    # later app-wide style change re-polishes them all.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
