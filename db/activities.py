"""The activity log in the file: several activities written as one action."""

from __future__ import annotations

from alis_desktop import models as m
from db.store import Store


def activities_of(store: Store, doctor_id: int) -> list[m.Activity]:
    return store.all("activities", "doctor_id = ?", [doctor_id], order_by="date, id")


def add_activities(store: Store, activities: list[m.Activity]) -> list[m.Activity]:
    """Insert several activities (e.g. ten on-call shifts) in one transaction: all or none."""
    for a in activities:
        a.validate()
    with store.transaction():
        for a in activities:
            store.save(a)
    return activities


def delete_activities(store: Store, ids: list[int]) -> None:
    """Delete several activities in one transaction (each deletion is audited)."""
    with store.transaction():
        for activity_id in ids:
            store.delete("activities", activity_id)
