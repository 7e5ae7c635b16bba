from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writes need the model's add/change permission (the admin's groups)."""
