from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("books", "0008_first_editions")]

    operations = [
        migrations.RemoveField(
            model_name='book',
            name='format',
        ),
        migrations.RemoveField(
            model_name='book',
            name='isbn10',
        ),
        migrations.RemoveField(
            model_name='book',
            name='isbn13',
        ),
        migrations.RemoveField(
            model_name='book',
            name='pages',
        ),
    ]

