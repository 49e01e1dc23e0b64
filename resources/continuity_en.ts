<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>BlockingWords</name>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="181" />
        <source>%n item(s) block the export until settled or signed off:</source>
        <translation>
            <numerusform>%n item blocks the export until settled or signed off:</numerusform>
            <numerusform>%n items block the export until settled or signed off:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="189" />
        <source>%1: %n fork(s)</source>
        <translation>
            <numerusform>%1: %n fork</numerusform>
            <numerusform>%1: %n forks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompletenessPage</name>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="148" />
        <source>%n bundle(s) imported</source>
        <translation>
            <numerusform>%n bundle imported</numerusform>
            <numerusform>%n bundles imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="149" />
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_completeness.py" line="150" />
        <source>%n file(s) set aside</source>
        <translation>
            <numerusform>%n file set aside</numerusform>
            <numerusform>%n files set aside</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FillDialog</name>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="218" />
        <source>%n rota(s) found so far; penalty of the best: %1</source>
        <translation>
            <numerusform>%n rota found so far; penalty of the best: %1</numerusform>
            <numerusform>%n rotas found so far; penalty of the best: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="231" />
        <source>%n shift(s) added</source>
        <translation>
            <numerusform>%n shift added</numerusform>
            <numerusform>%n shifts added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="232" />
        <source>%n shift(s) removed</source>
        <translation>
            <numerusform>%n shift removed</numerusform>
            <numerusform>%n shifts removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_dialogs.py" line="233" />
        <source>%n rule(s) still to fix</source>
        <translation>
            <numerusform>%n rule still to fix</numerusform>
            <numerusform>%n rules still to fix</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NumbersPage</name>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_numbers_page.py" line="143" />
        <source>%n number(s) mapped</source>
        <translation>
            <numerusform>%n number mapped</numerusform>
            <numerusform>%n numbers mapped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RotaView</name>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="285" />
        <source>version %1, %n change(s) not published</source>
        <translation>
            <numerusform>version %1, %n change not published</numerusform>
            <numerusform>version %1, %n changes not published</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="287" />
        <source>%n rule(s) to fix</source>
        <translation>
            <numerusform>%n rule to fix</numerusform>
            <numerusform>%n rules to fix</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="288" />
        <source>%n preference(s) not met</source>
        <translation>
            <numerusform>%n preference not met</numerusform>
            <numerusform>%n preferences not met</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="289" />
        <source>%n cover shortfall(s)</source>
        <translation>
            <numerusform>%n cover shortfall</numerusform>
            <numerusform>%n cover shortfalls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/rota_view.py" line="437" />
        <source>Saved: %1 (%n page(s)).</source>
        <translation>
            <numerusform>Saved: %1 (%n page).</numerusform>
            <numerusform>Saved: %1 (%n pages).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignoffPage</name>
    <message numerus="yes">
        <location filename="../continuity/ui/reconcile_signoff.py" line="89" />
        <source>%n item(s) signed off for %1.</source>
        <translation>
            <numerusform>%n item signed off for %1.</numerusform>
            <numerusform>%n items signed off for %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message numerus="yes">
        <location filename="../continuity/ui/sync_view.py" line="160" />
        <source>Audit trail intact: %n entry(ies).</source>
        <translation>
            <numerusform>Audit trail intact: %n entry.</numerusform>
            <numerusform>Audit trail intact: %n entries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/sync_view.py" line="173" />
        <source>%n journal entry(ies)</source>
        <translation>
            <numerusform>%n journal entry</numerusform>
            <numerusform>%n journal entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../continuity/ui/sync_view.py" line="174" />
        <source>%n audit entry(ies)</source>
        <translation>
            <numerusform>%n audit entry</numerusform>
            <numerusform>%n audit entries</numerusform>
        </translation>
    </message>
</context>
</TS>