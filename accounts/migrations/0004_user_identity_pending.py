from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_person_ethnicity_hukou")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="identity_pending",
            field=models.BooleanField(
                default=False, verbose_name="身份待审核",
                help_text="以身份证照片申请注册的个人账号:经办机构审核通过前不能办理任何业务。"),
        ),
    ]
