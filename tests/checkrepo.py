"""A rules file for the engine, CLI and reporter tests (used with conftest's make_repo)."""

from __future__ import annotations

RULES = """\
rules:
  - id: BX1
    title: Papers reach the panel in time
    description: Referral papers reach the panel three working days before it meets.
    status: procedure
    clause: protocol 1.6
    kind: before
    anchor: { event: referral, date_field: panel_date }
    by: { working_days: 3 }
    met_by: { field: submitted }
  - id: T2
    title: Planning meeting soon after entering care
    description: A permanence planning meeting within 10 working days of entering care.
    status: procedure
    clause: protocol 1.4(b)
    kind: after
    from: { event: entered_care }
    within: { working_days: 10 }
    met_by: { event: case_event, where: { type: permanence_planning_meeting } }
  - id: T3
    title: Care planning review after the plan is endorsed
    description: A care planning review within 10 working days of the panel endorsing the plan.
    status: procedure
    clause: protocol 1.23(a)
    kind: after
    from: { event: decision_item, where: { endorses_plan: true } }
    within: { working_days: 10 }
    met_by: { event: case_event, where: { type: care_planning_review } }
  - id: T4
    title: At most five cases a meeting
    description: The panel hears at most five cases at a meeting.
    status: procedure
    clause: protocol 1.13
    kind: meeting
    check: max_cases
  - id: T5
    title: Referrals name a checklist
    description: Each referral names its checklist.
    status: statutory
    clause: checklists
    severity: warning
    kind: field
    record: referral
    field: checklist
    present: true
"""

#: the planning review that meets T3 (endorsed 2026-03-05, due 2026-03-19)
CASE_WITH_REVIEW = """\
case_id: C-0042
birth_month: "2019-04"
team: children_in_care
worker_role: social_worker
episodes:
  - start: "2025-11-03"
    legal_basis: s20
    entry: emergency
reviews: ["2025-12-01"]
events:
  - type: permanence_planning_meeting
    date: "2025-11-14"
  - type: care_planning_review
    date: "2026-03-18"
"""
