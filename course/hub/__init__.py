"""A real cohort on one machine: JupyterHub, nbgrader's exchange and the dashboards as services.

`settings` turns course.yml and the roster into plain data (users, groups, roles, services);
`config_file` writes that data as the course root's jupyterhub_config.py; `accounts` creates the
Unix accounts; `exchange` releases, collects and returns work through nbgrader's exchange;
`launch` starts a learner's server and the Voila services as the hub runs them.
"""
