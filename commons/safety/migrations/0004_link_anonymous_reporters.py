"""Link the anonymous reporters' parties made before 0003 to the members behind them."""

from django.db import migrations


def link_anonymous_reporters(apps, schema_editor):
    """Each case's anonymous reports and its unnamed reporter parties were made together, one for
    one and in the same order: pair them. A case where the counts differ is left as it was."""
    Report = apps.get_model("safety", "Report")
    Party = apps.get_model("safety", "Party")
    reports = (
        Report.objects.filter(anonymous=True, reporter__isnull=False, case__isnull=False)
        .order_by("case_id", "created_at", "pk")
        .values_list("case_id", "reporter_id")
    )
    by_case: dict[int, list[int]] = {}
    for case_id, reporter_id in reports:
        members = by_case.setdefault(case_id, [])
        if reporter_id not in members:
            members.append(reporter_id)
    for case_id, members in by_case.items():
        parties = list(
            Party.objects.filter(
                case_id=case_id,
                role="reporter",
                user__isnull=True,
                email="",
                name="Anonymous reporter",
                anonymous_member__isnull=True,
            ).order_by("pk")
        )
        if len(parties) != len(members):
            continue
        for party, member_id in zip(parties, members, strict=True):
            party.anonymous_member_id = member_id
            party.save(update_fields=["anonymous_member"])


class Migration(migrations.Migration):
    dependencies = [("safety", "0003_party_anonymous_member")]

    operations = [migrations.RunPython(link_anonymous_reporters, migrations.RunPython.noop)]
