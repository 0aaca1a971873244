"""Countries grouped by region for the network page's filter.

The panel names a country, not a region. Regions follow the United Nations geoscheme (M49)
subregions; countries are spelled as the World Bank does (the MIX panel's spelling) with a few
common variants. A country not listed has no region: it is still listed, by its country.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_REGIONS: dict[str, tuple[str, ...]] = {
    "Northern Africa": ("Algeria", "Egypt", "Egypt, Arab Rep.", "Libya", "Morocco", "Sudan", "Tunisia"),
    "Eastern Africa": (
        "Burundi", "Comoros", "Djibouti", "Eritrea", "Ethiopia", "Kenya", "Madagascar", "Malawi", "Mauritius",
        "Mozambique", "Rwanda", "Seychelles", "Somalia", "South Sudan", "Tanzania", "Uganda", "Zambia", "Zimbabwe",
    ),
    "Middle Africa": (
        "Angola", "Cameroon", "Central African Republic", "Chad", "Congo, Dem. Rep.", "Congo, Rep.",
        "Democratic Republic of the Congo", "Congo", "Equatorial Guinea", "Gabon", "Sao Tome and Principe",
    ),
    "Southern Africa": ("Botswana", "Eswatini", "Swaziland", "Lesotho", "Namibia", "South Africa"),
    "Western Africa": (
        "Benin", "Burkina Faso", "Cabo Verde", "Cape Verde", "Cote d'Ivoire", "Côte d'Ivoire", "Gambia, The",
        "Gambia", "Ghana", "Guinea", "Guinea-Bissau", "Liberia", "Mali", "Mauritania", "Niger", "Nigeria", "Senegal",
        "Sierra Leone", "Togo",
    ),
}
# The regions' names in the reader's language (the filter's values stay the keys above).
LABELS = {
    "Northern Africa": _("Northern Africa"), "Eastern Africa": _("Eastern Africa"),
    "Middle Africa": _("Middle Africa"), "Southern Africa": _("Southern Africa"),
    "Western Africa": _("Western Africa"),
}
REGION_OF: dict[str, str] = {country.casefold(): region for region, names in _REGIONS.items() for country in names}


def region_of(country: str) -> str:
    """The UN subregion of a country, or "" when it is not known here."""
    return REGION_OF.get(country.strip().casefold(), "")
