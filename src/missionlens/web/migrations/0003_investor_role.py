# The investor or federation viewer role (issue 7): the network pages only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('missionlens', '0002_card_reviews'),
    ]

    operations = [
        migrations.AlterField(
            model_name='profile',
            name='role',
            field=models.CharField(choices=[('admin', 'administrator'), ('manager', 'manager'), ('advisor', 'advisor'), ('board', 'board or funder'), ('investor', 'investor or federation')], max_length=16, verbose_name='role'),
        ),
    ]
