"""System checks (``commons check``, and at start-up): the screening backend the process would use."""

from django.core.checks import Error, register


@register()
def screening_backend(app_configs, **kwargs):
    from commons.screening import core
    from commons.screening.encoder import EncoderUnavailable, check_installed

    try:
        if core.backend_name() == "encoder":
            check_installed(core.MODELS_DIR)
    except (core.BackendSettingError, EncoderUnavailable) as error:
        return [Error(str(error), id="conduct.E001")]
    return []
