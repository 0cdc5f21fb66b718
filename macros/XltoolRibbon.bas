Attribute VB_Name = "XltoolRibbon"
' xltool ribbon callbacks: the source of the XltoolRibbon module in xltool.xlam.
'
' Every button of the ribbon tab calls OnAction, which passes the button's id to a
' single Python entry point, xltool.addin.live.on_button, through xlwings' RunPython
' (the xlwings module of this add-in). Python then works on the active workbook via
' xw.Book.caller(), so new buttons need only customUI.xml and Python, no new VBA.
'
' Keep this file ASCII: VBA source is stored in the system code page, so Chinese
' text lives in Python and customUI.xml. The one message shown here is spelled as
' Unicode code points (FromCodePoints) for the same reason.
'
' Rebuild the add-in after editing:  xltool addin build -o xltool.xlam
Option Explicit

Public Sub OnAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        ' Message: Qing xian dakai yao hecha de gongzuobu. / Jixiao hecha
        MsgBox FromCodePoints("8BF7 5148 6253 5F00 8981 6838 67E5 7684 5DE5 4F5C 7C3F 3002"), vbInformation, FromCodePoints("7EE9 6548 6838 67E5")
        Exit Sub
    End If
    RunPython "import xltool.addin.live as live; live.on_button('" & control.Id & "')"
End Sub

Private Function FromCodePoints(hexCodes As String) As String
    Dim code As Variant
    For Each code In Split(hexCodes, " ")
        FromCodePoints = FromCodePoints & ChrW(CLng("&H" & code))
    Next code
End Function
