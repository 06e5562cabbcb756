"""The web app's routes, one module per resource, each with its own ``router``; :mod:`api.app` includes them.

- :mod:`api.web.common`: the shared machinery (results and their twins, problem details, paging, ``require``);
- :mod:`api.web.errors`: every error as a problem detail; :mod:`api.web.access`: household-level reads and the
  access rules each analysis declares;
- resources: :mod:`~api.web.meta` (login, you, health), :mod:`~api.web.wijken`, :mod:`~api.web.households`,
  :mod:`~api.web.contacts`, :mod:`~api.web.analyses`, :mod:`~api.web.admin`.

Importing a module only builds its own router; nothing is registered on an app until :func:`api.app.create_app`.
"""
