"""The safety app's part of a member's download (``core.personal_data``), read through the same
queries as their own pages: the reports they filed with the status they are told, their threads with
the moderators, and the decisions about them. Never a report about them, the moderators' notes, or
who reported them. The safety record is kept when they leave (no erasure)."""

from commons.core.personal_data import iso

from .queries.cases import my_threads
from .queries.decisions import decisions_about
from .queries.reports import my_reports, reporter_status


def export(user) -> dict:
    reports = []
    for report in my_reports(user):
        status, _ = reporter_status(report)
        reports.append(
            {
                "reference": report.reference,
                "filed_at": iso(report.created_at),
                "reason": report.reason,
                "anonymous": report.anonymous,
                "description": report.description,
                "outcome_hoped_for": report.desired_outcome,
                "status": status,
            }
        )
    return {
        "reports_filed": reports,
        "conversations_with_moderators": [
            {
                "case": party.case.reference,
                "as": party.role,
                "messages": [
                    {
                        "from": "the moderators" if m.from_moderators else "me",
                        "body": m.body,
                        "at": iso(m.created_at),
                    }
                    for m in party.messages.all()
                ],
            }
            for party in my_threads(user)
        ],
        "decisions_about_me": [
            {
                "outcome": d.outcome,
                "status": d.status,
                "reason": d.reason,
                "clauses": list(d.clause_keys),
                "effective_at": iso(d.effective_at),
                "until": iso(d.until),
            }
            for d in decisions_about(user)
        ],
    }
