"""Receivables (应收): on PostgreSQL a table partitioned by fee month (primary key (id, fee_month), partitions
created by contributions.partitioning.partition_ensure); a plain table on other databases."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

from contributions.partitioning import PartitionedCreateModel


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_person_ethnicity_hukou'),
        ('contributions', '0001_rates_bases_runs'),
    ]

    operations = [
        PartitionedCreateModel(
            name='Receivable',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('fee_month', models.PositiveIntegerField(verbose_name='费款所属期')),
                ('insurance_type', models.CharField(choices=[('110', '企业职工基本养老保险'), ('120', '机关事业单位养老保险'), ('170', '城乡居民基本养老保险'), ('210', '失业保险'), ('310', '职工基本医疗保险'), ('330', '大额医疗费用补助'), ('410', '工伤保险'), ('510', '生育保险')], max_length=3, verbose_name='险种')),
                ('base', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='缴费基数')),
                ('unit_amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='单位应缴')),
                ('personal_amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='个人应缴')),
                ('account_amount', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12, verbose_name='划入个人账户')),
                ('status', models.CharField(choices=[('unpaid', '未缴'), ('paid', '已缴')], default='unpaid', max_length=6, verbose_name='状态')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='核定时间')),
                ('item', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contributions.item', verbose_name='缴费项目')),
                ('person', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.person', verbose_name='人员')),
                ('run', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contributions.assessmentrun', verbose_name='核定记录')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.unit', verbose_name='单位')),
            ],
            options={
                'verbose_name': '应收明细',
                'verbose_name_plural': '应收明细',
                'ordering': ['fee_month', 'person', 'item'],
                'indexes': [models.Index(fields=['unit', 'fee_month'], name='receivable_unit_month'),
                            models.Index(fields=['person', 'fee_month'], name='receivable_person_month')],
                'constraints': [models.UniqueConstraint(fields=('fee_month', 'unit', 'person', 'item'),
                                                        name='receivable_once')],
            },
        ),
    ]
