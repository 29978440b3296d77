"""Institution service in the file: the waiting list ranked by the rules
(alis_desktop.institution) and the rotation board's writes (alis_desktop.rotation).

Every function that writes is one user action and runs in one transaction: assigning a
doctor to a post creates her planned placement and updates the post (and her request)
together, or writes nothing."""

from __future__ import annotations

import dataclasses
from datetime import date

from alis_desktop import models as m
from alis_desktop import priority_models as pm
from alis_desktop.errors import ValidationError
from alis_desktop.institution import (
    ACTIVE_STATUSES, RankedEntry, check_request, check_transition, coordinator_told, decline,
    offer, reminders, waiting_list, withdraw,
)
from alis_desktop.requirements import load_rules
from alis_desktop.rotation import (
    check_assignment, check_post, cut_around, describe_post, matching_arena, overlapping,
    planned_placement,
)
from alis_desktop.service_time import check_placement_dates, check_placements
from alis_desktop.vocab import PlacementStatus, RequestStatus
from db.progress import progress_of
from db.queries import doctor_bundles
from db.store import Store

_ACCEPTED = RequestStatus.ACCEPTED.value


# --------------------------------------------------------------------------- reading


def doctor_names(store: Store) -> dict[int, str]:
    return dict(store.conn.execute("SELECT id, name FROM doctors"))


def queue(store: Store, as_of: date) -> list[RankedEntry]:
    """The waiting list of this file on `as_of`; the rules engine runs only for doctors
    with an active request."""
    requests = store.all("institution_requests", order_by="id")
    wanted = sorted({r.doctor_id for r in requests if r.status in ACTIVE_STATUSES})
    bundles = doctor_bundles(store, doctor_ids=wanted)
    overrides = store.all("goal_texts")
    rules = load_rules()
    progress = {did: progress_of(b, as_of, overrides, rules) for did, b in bundles.items()}
    municipality = store.municipality()
    return waiting_list(
        requests, {did: b.doctor for did, b in bundles.items()}, progress,
        {did: b.placements for did, b in bundles.items()},
        short_of_specialists=municipality.short_of_specialists,
        municipality=municipality.name, rules=rules, model=pm.chosen_model(municipality))


# --------------------------------------------------------------------------- the model

MODEL_CHOSEN = "prioriteringsmodell valgt"
MODEL_DEFINED = "prioriteringsmodell definert"


def model(store: Store) -> pm.PriorityModel:
    """The priority model this municipality's health trust uses (the default until one is
    chosen)."""
    return pm.chosen_model(store.municipality())


def model_chosen(store: Store) -> bool:
    return bool(store.municipality().institution_model)


def set_model(store: Store, name: str) -> pm.PriorityModel:
    """Choose the trust's model by name (shipped or the leader's); audited with the names
    before and after."""
    with store.transaction():
        municipality = store.municipality()
        chosen = pm.model_named(name, municipality.institution_models)
        if municipality.institution_model != chosen.name:
            store.save(dataclasses.replace(municipality, institution_model=chosen.name),
                       audit=MODEL_CHOSEN)
        return chosen


def define_model(store: Store, new: pm.PriorityModel, *, choose: bool = True) -> pm.PriorityModel:
    """Store a leader-defined model in the file (replacing one of the same name) and, by
    default, choose it; one transaction, audited."""
    pm.check_model(new)
    with store.transaction():
        municipality = store.municipality()
        stored = pm.with_model(municipality.institution_models, new)
        order = ", ".join(new.codes)
        updated = dataclasses.replace(municipality, institution_models=stored)
        if choose:
            updated = dataclasses.replace(updated, institution_model=new.name)
        store.save(updated, audit=MODEL_DEFINED,
                   detail=f"«{new.name}»: {order}" + (" (valgt)" if choose else ""))
        return new


def posts(store: Store) -> list[m.InstitutionPost]:
    """The board's posts by period, institution and department."""
    return store.all("institution_posts",
                     order_by="period_start, institution, department, id")


def current_reminders(store: Store, today: date) -> list[str]:
    """alis_desktop.institution.reminders over this file (for the overview)."""
    return reminders(today, store.all("institution_requests"), posts(store),
                     names=doctor_names(store))


# --------------------------------------------------------------------------- requests


def save_request(store: Store, request: m.InstitutionRequest) -> m.InstitutionRequest:
    """Insert or update a request; a status change must follow its course."""
    check_request(request)
    with store.transaction():
        if request.id is not None:
            before = store.get("institution_requests", request.id)
            check_transition(before.status, request.status)
        return store.save(request)


def withdraw_request(store: Store, request_id: int, on: date) -> m.InstitutionRequest:
    """The doctor got a locum post instead: off the list, the coordinator to be told."""
    with store.transaction():
        request = withdraw(store.get("institution_requests", request_id), on)
        check_request(request)
        return store.save(request, audit="trukket: fått vikariat")


def coordinator_notified(store: Store, request_id: int, on: date) -> m.InstitutionRequest:
    """The leader told the coordinator of a withdrawal (the reminder goes away)."""
    with store.transaction():
        return store.save(coordinator_told(store.get("institution_requests", request_id), on))


def record_offer(store: Store, request_id: int, on: date, *,
                 copied_to_leader: bool = True) -> m.InstitutionRequest:
    """The trust's offer came to the doctor (with a copy to the leader)."""
    with store.transaction():
        request = offer(store.get("institution_requests", request_id), on,
                        copied_to_leader=copied_to_leader)
        check_request(request)
        return store.save(request)


def decline_offer(store: Store, request_id: int, today: date) -> m.InstitutionRequest:
    """The doctor declined: she stays on the list, waiting for the next period."""
    with store.transaction():
        return store.save(decline(store.get("institution_requests", request_id), today))


def set_override(store: Store, request_id: int, place: int | None,
                 note: str = "") -> m.InstitutionRequest:
    """The leader's override of a request's place (None removes it)."""
    with store.transaction():
        request = store.get("institution_requests", request_id)
        request = dataclasses.replace(request, priority_override=place,
                                      override_note=note.strip() if place is not None else "")
        check_request(request)
        return store.save(request)


# --------------------------------------------------------------------------- posts


_PLACED_FIELDS = ("institution", "department", "period_start", "period_end")


def save_post(store: Store, post: m.InstitutionPost) -> m.InstitutionPost:
    """Insert or update a post. Who holds it is changed only by assign / unassign; the
    period and department of a held post stay as they are (its placement follows them)."""
    check_post(post)
    with store.transaction():
        if post.id is None:
            post = dataclasses.replace(post, doctor_id=None, placement_id=None)
        else:
            before = store.get("institution_posts", post.id)
            post = dataclasses.replace(post, doctor_id=before.doctor_id,
                                       placement_id=before.placement_id)
            moved = [f for f in _PLACED_FIELDS if getattr(before, f) != getattr(post, f)]
            if before.doctor_id is not None and moved:
                name = doctor_names(store).get(before.doctor_id, "")
                raise ValidationError(
                    moved[0], f"Posten er tildelt {name}; fjern tildelingen før du endrer "
                    "institusjon, avdeling eller periode.")
        return store.save(post)


def delete_post(store: Store, post_id: int) -> None:
    with store.transaction():
        post = store.get("institution_posts", post_id)
        if post.doctor_id is not None:
            name = doctor_names(store).get(post.doctor_id, "")
            raise ValidationError("doctor_id", f"Posten er tildelt {name}; fjern tildelingen "
                                               "før posten slettes.")
        store.delete("institution_posts", post_id, reason=describe_post(post))


def assign(store: Store, post_id: int, doctor_id: int, arena_id: int | None = None, *,
           request_id: int | None = None, make_room: bool = False,
           today: date | None = None) -> m.Placement:
    """Give the post to the doctor: her planned placement (institution, 100 %) at the
    post's hospital arena, the post updated, and her request (if named) accepted, all in
    one transaction. Refused with a Norwegian reason on a board conflict, a placement
    outside her training or above 100 % on any day.

    With `make_room`, her other placements overlapping the post (not yet begun) are cut
    around it first (alis_desktop.rotation.cut_around), in the same transaction."""
    with store.transaction():
        post = store.get("institution_posts", post_id)
        doctor = store.get("doctors", doctor_id)
        check_assignment(post, doctor, store.all("institution_posts", "doctor_id = ?",
                                                 [doctor_id]))
        if arena_id is None:
            arena = matching_arena(post.institution, store.all("arenas"))
            if arena is None:
                raise ValidationError("arena_id", "Velg hvilken læringsarena posten ved "
                                                  f"«{post.institution}» hører til.")
            arena_id = arena.id
        placement = planned_placement(post, doctor.id, arena_id)
        placement.validate()
        check_placement_dates(doctor, placement)
        if make_room:
            _make_room(store, doctor.id, post, today or date.today())
        check_placements(store.for_doctor("placements", doctor.id), placement)
        store.save(placement, audit="planlagt fra rotasjonsplanen")
        store.save(dataclasses.replace(post, doctor_id=doctor.id, placement_id=placement.id))
        if request_id is not None:
            request = store.get("institution_requests", request_id)
            if request.doctor_id != doctor.id:
                raise ValidationError("request_id", "Ønsket gjelder en annen lege.")
            store.save(dataclasses.replace(request, status=_ACCEPTED))
        return placement


def room_needed(store: Store, post: m.InstitutionPost, doctor_id: int,
                today: date) -> list[str]:
    """What `make_room` would change for this doctor (Norwegian lines; empty when nothing
    overlaps), or the reason it cannot as the only line."""
    mine = store.for_doctor("placements", doctor_id)
    if not overlapping(mine, post.period_start, post.period_end):
        return []
    arena_names = dict(store.conn.execute("SELECT id, name FROM arenas"))
    try:
        return cut_around(mine, post.period_start, post.period_end, today).describe(arena_names)
    except ValidationError as exc:
        return [exc.message]


def _make_room(store: Store, doctor_id: int, post: m.InstitutionPost, today: date) -> None:
    room = cut_around(store.for_doctor("placements", doctor_id), post.period_start,
                      post.period_end, today)
    why = f"institusjonspost {describe_post(post)}"
    for p in room.changed:
        store.save(p, audit=f"forkortet for {why}")
    for p in room.added:
        store.save(p, audit=f"fortsetter etter {why}")
    for p in room.removed:
        store.delete("placements", p.id, reason=f"erstattet av {why}")


def unassign(store: Store, post_id: int) -> None:
    """Take the doctor off the post: the planned placement goes, the post is vacant, and
    her accepted request returns to the list if she holds no other post."""
    with store.transaction():
        post = store.get("institution_posts", post_id)
        if post.doctor_id is None:
            raise ValidationError("doctor_id", "Posten er ikke tildelt noen.")
        doctor_id = post.doctor_id
        placement = None
        if post.placement_id is not None:
            placement = store.get("placements", post.placement_id)
            if placement.status == PlacementStatus.COMPLETED.value:
                raise ValidationError(
                    "placement_id", "Tjenesteperioden er avtalt (ikke foreløpig) og kan "
                    "ikke fjernes fra rotasjonsplanen; endre den under Leger › Tjeneste.")
        store.save(dataclasses.replace(post, doctor_id=None, placement_id=None))
        if placement is not None:
            store.delete("placements", placement.id, reason="tildeling fjernet fra "
                                                            "rotasjonsplanen")
        if not store.count("institution_posts", "doctor_id = ?", [doctor_id]):
            for r in store.for_doctor("institution_requests", doctor_id):
                if r.status == _ACCEPTED:
                    back = (RequestStatus.REPORTED if r.reported_date
                            else RequestStatus.WANTED).value
                    store.save(dataclasses.replace(r, status=back))


# --------------------------------------------------------------------------- allocation


ALLOCATION_READ = "tildeling fra koordinator lest inn"


def preview_allocation(store: Store, municipality: str, decisions,
                       today: date) -> tuple[list, list[str]]:
    """What reading the coordinator's allocation would do: (offers, problems), nothing
    written (alis_desktop.allocation.plan_offers over this file)."""
    from alis_desktop.allocation import plan_offers
    doctors = {d.id: d for d in store.all("doctors")}
    return plan_offers(decisions, municipality or store.municipality().name,
                       store.all("institution_requests"), doctors, posts(store), today)


def apply_allocation(store: Store, municipality: str, decisions, today: date, *,
                     source: str = "") -> list:
    """Record the offers of the coordinator's allocation in one transaction: each request
    offered (date, copy to the leader, a note of the post), each post on the board (a
    matching vacant post is reused), and one audit line for the whole reading. Rows that
    do not fit are left out, as the preview showed."""
    with store.transaction():
        offers, problems = preview_allocation(store, municipality, decisions, today)
        for o in offers:
            before = store.get("institution_requests", o.request.id)
            check_transition(before.status, o.request.status)
            check_request(o.request)
            store.save(o.request, audit="tilbud fra koordinator")
            if o.existing_post is None:
                post = dataclasses.replace(o.decision.post,
                                           note=f"Tilbudt {o.decision.doctor_name}")
                check_post(post)
                store.save(post, audit="tilbud fra koordinator")
        store.audit(ALLOCATION_READ, "institution_requests", None,
                    f"{len(offers)} tilbud registrert, {len(problems)} rader hoppet over"
                    + (f" ({source})" if source else ""))
        return offers
