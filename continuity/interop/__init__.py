"""Exchanges with the hospital's main system: HL7 v2.5 IHE PAM France and FHIR R4 (out, after
recovery), and the census and patient index it exports before an outage (in)."""
