"""The JSON API (Django REST framework): the same use cases and the same access rules as the pages.

permissions.py holds the one bridge to access.py; serializers.py the shapes; views.py the
endpoints; urls.py the routes, mounted under /api/ (docs/api.md).
"""
