from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_backfill_audit_hash_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="transparency_public",
            field=models.BooleanField(
                default=False,
                help_text="Show the monthly transparency report to everyone, not only to members.",
            ),
        ),
    ]
