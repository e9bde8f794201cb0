from django.db import migrations

JOB_ROLES = [
    ("sales", "Sales"),
    ("account-management", "Account management"),
    ("sales-development", "Sales development"),
    ("enablement", "Enablement"),
    ("customer-success", "Customer success"),
    ("support", "Support"),
    ("other", "Other"),
]
SECTORS = [
    ("tech", "Technology"),
    ("financial-services", "Financial services"),
    ("healthcare", "Healthcare"),
    ("manufacturing", "Manufacturing"),
    ("retail", "Retail and e-commerce"),
    ("public-sector", "Public sector"),
    ("other", "Other"),
]
IDENTITIES = [
    ("woman", "Woman"),
    ("visible-minority", "Visible minority"),
    ("lgbtqia2", "LGBTQIA2+"),
    ("disability", "Person with a disability"),
    ("indigenous", "Indigenous person"),
]


def add_lists(apps, schema_editor):
    for model_name, rows, label in (
        ("ProfessionalRole", JOB_ROLES, "name"),
        ("Sector", SECTORS, "name"),
        ("IdentityOption", IDENTITIES, "label"),
    ):
        model = apps.get_model("members", model_name)
        for position, (slug, name) in enumerate(rows, start=1):
            model.objects.get_or_create(
                slug=slug, defaults={label: name, "position": position * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_accounts_profiles_and_lists")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
