"""The web application (Django): thin views over the domain packages."""
