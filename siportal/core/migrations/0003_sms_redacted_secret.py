import re

from django.db import migrations, models

# Rows written before this migration hold their secret in clear after one of these words.
SECRET_AFTER = re.compile(r"(验证码为|初始密码|新密码)([^,,。;;\s]+)")


def redact_existing(apps, schema_editor):
    """Messages stored so far were all sent: mark them so, and blank the codes and passwords in their text."""
    SmsMessage = apps.get_model("core", "SmsMessage")
    for message in SmsMessage.objects.all().only("pk", "text", "created_at").iterator():
        text = SECRET_AFTER.sub(lambda m: m.group(1) + "******", message.text)
        SmsMessage.objects.filter(pk=message.pk).update(text=text, sent_at=message.created_at)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_job'),
    ]

    operations = [
        migrations.AddField(
            model_name='smsmessage',
            name='secret_sealed',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='smsmessage',
            name='sent_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='发送时间'),
        ),
        migrations.AlterField(
            model_name='smsmessage',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间'),
        ),
        migrations.RunPython(redact_existing, migrations.RunPython.noop),
    ]
