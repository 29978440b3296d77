"""The tabs of the doctor page under the doctors table, in order.

Each entry names a QWidget class as "module:Class"; the class is built with (context, parent)
and has `set_doctor(doctor_id: int | None)`. It refreshes itself on context.changed for the
kinds it shows. Add a tab by adding a line here."""

TABS = [
    ("Sammendrag", "ui.doctors.summary:SummaryTab"),
    ("Tjeneste", "ui.service.tab:ServiceTab"),
    ("Krav", "ui.service.requirements_tab:RequirementsTab"),
    ("Veiledning", "ui.supervision.doctor_tab:SupervisionTab"),
    ("Læringsmål", "ui.goals.tab:GoalsTab"),
    ("Aktiviteter", "ui.activities.tab:ActivitiesTab"),
    ("Møter", "ui.meetings.doctor_tab:DoctorMeetingsTab"),
    ("Institusjon", "ui.institution.doctor_tab:InstitutionTab"),
]
