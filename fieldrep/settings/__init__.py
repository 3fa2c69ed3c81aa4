"""Typed settings: what a setting is (:mod:`.spec`), the kinds of values (:mod:`.kinds`), a
catalogue that checks values alone and together (:mod:`.catalogue`), and how they are kept
in the store (:mod:`.stored`).

Each feature declares its own keys in its own ``settings`` module and reads them there,
typed (``fieldrep.planning.settings.work_day(store)``); this package never imports a
feature.  The catalogue of every setting is put together above the features, in
:mod:`fieldrep.usecases.settings`.
"""
