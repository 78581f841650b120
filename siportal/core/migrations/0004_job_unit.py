import django.db.models.deletion
from django.db import migrations, models


def unit_from_creator(apps, schema_editor):
    """Existing jobs get the unit their creator belongs to now (the best record there is of where they began)."""
    Job = apps.get_model("core", "Job")
    User = apps.get_model("accounts", "User")
    for user_id, unit_id in User.objects.filter(unit__isnull=False, jobs__isnull=False).values_list(
            "pk", "unit_id").distinct():
        Job.objects.filter(created_by_id=user_id, unit__isnull=True).update(unit_id=unit_id)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_person_ethnicity_hukou'),
        ('core', '0003_sms_redacted_secret'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='jobs', to='accounts.unit', verbose_name='所属单位'),
        ),
        migrations.RunPython(unit_from_creator, migrations.RunPython.noop),
    ]
