"""The shipped goal catalog and imported overrides."""

from alis_desktop import models as m
from alis_desktop.catalog import ALM_CODES, catalog, courses, shipped_alm, shipped_fkm


def test_shipped_catalog_has_88_alm_and_14_fkm():
    assert [g.code for g in shipped_alm()] == list(ALM_CODES)
    assert len(ALM_CODES) == 88
    assert [g.code for g in shipped_fkm()] == [f"FKM-{n:03d}" for n in range(1, 15)]


def test_title_falls_back_to_code():
    goals = {g.code: g for g in catalog()}
    assert goals["ALM-003"].title == "Lokalsamfunnet - egen rolle som lege"
    assert goals["ALM-001"].title == "ALM-001"


def test_override_replaces_title_and_adds_version():
    overrides = [m.GoalText(catalog_version="ALM", code="ALM-001", theme="Ny tittel"),
                 m.GoalText(catalog_version="FKM-2017", code="LM-004", text="Gammelt mål")]
    goals = {(g.catalog_version, g.code): g for g in catalog(overrides)}
    assert goals[("ALM", "ALM-001")].title == "Ny tittel"
    old = catalog(overrides, fkm_version="FKM-2017")
    assert [g.code for g in old if g.catalog_version == "FKM-2017"] == ["LM-004"]


def test_courses_map_to_goals():
    by_code = {c.code: c for c in courses()}
    assert "ALM-001" in by_code["GK-A"].goals
    assert {"GK-A", "GK-B", "GK-C", "GK-D", "AKUTT", "VOLD"} <= set(by_code)
