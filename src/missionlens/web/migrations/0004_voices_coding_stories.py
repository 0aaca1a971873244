# The voices (issue 6): the codebook and its codings, Most Significant Change stories and rounds.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('missionlens', '0003_investor_role'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Code',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(max_length=64, unique=True, verbose_name='key')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('colour', models.CharField(blank=True, max_length=7, verbose_name='colour')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='missionlens.code')),
            ],
            options={
                'verbose_name': 'code',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='CodedSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=16, verbose_name='kind')),
                ('ref', models.CharField(max_length=64, verbose_name='reference')),
                ('digest', models.CharField(max_length=64, verbose_name='text digest')),
                ('text', models.TextField(verbose_name='text')),
                ('dimension', models.CharField(blank=True, max_length=64, verbose_name='mission dimension')),
                ('observed_on', models.DateField(blank=True, null=True, verbose_name='observed on')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='missionlens.branch')),
            ],
            options={
                'verbose_name': 'coded text',
                'ordering': ['-observed_on', '-created'],
            },
        ),
        migrations.CreateModel(
            name='Coding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.PositiveIntegerField(verbose_name='start')),
                ('end', models.PositiveIntegerField(verbose_name='end')),
                ('passage', models.TextField(verbose_name='passage')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('code', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='codings', to='missionlens.code')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codings', to='missionlens.codedsource')),
            ],
            options={
                'verbose_name': 'coding',
                'ordering': ['source', 'start', 'end'],
            },
        ),
        migrations.CreateModel(
            name='StoryRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(max_length=64, verbose_name='domain of change')),
                ('dimension', models.CharField(blank=True, max_length=64, verbose_name='mission dimension')),
                ('teller_role', models.CharField(max_length=16, verbose_name='teller')),
                ('told_on', models.DateField(verbose_name='told on')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', models.TextField(verbose_name='the change')),
                ('why_significant', models.TextField(verbose_name='why the teller thinks it significant')),
                ('consent', models.BooleanField(default=False, verbose_name='consent to its use')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('verified_on', models.DateField(blank=True, null=True, verbose_name='verified on')),
                ('branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='missionlens.branch')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'story of change',
                'verbose_name_plural': 'stories of change',
                'ordering': ['-told_on', '-created'],
            },
        ),
        migrations.CreateModel(
            name='SelectionRoundRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(max_length=16, verbose_name='level')),
                ('panel', models.CharField(max_length=200, verbose_name='panel')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('domain', models.CharField(max_length=64, verbose_name='domain of change')),
                ('reasons', models.TextField(verbose_name='reasons')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='missionlens.branch')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('candidates', models.ManyToManyField(related_name='read_in', to='missionlens.storyrecord')),
                ('chosen', models.ManyToManyField(related_name='chosen_in', to='missionlens.storyrecord')),
            ],
            options={
                'verbose_name': 'selection round',
                'ordering': ['held_on', 'created'],
            },
        ),
        migrations.AddConstraint(
            model_name='codedsource',
            constraint=models.UniqueConstraint(fields=('kind', 'ref', 'digest'), name='one_source_per_text'),
        ),
        migrations.AddConstraint(
            model_name='coding',
            constraint=models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='coding_passage_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='storyrecord',
            constraint=models.CheckConstraint(condition=models.Q(('consent', True)), name='story_needs_consent'),
        ),
    ]
