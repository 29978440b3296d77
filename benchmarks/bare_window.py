"""The baseline of start-up and memory: a bare PySide6 window with one table view, started
and measured exactly as the program is (it prints when its first frame is painted)."""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.done)  # after the whole frame is painted
        return False

    def done(self):
        print(f"first-paint {time.time():.6f}", flush=True)
        QApplication.instance().quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    view = QTableView()
    view.setModel(QStandardItemModel(20, 6, view))
    window.setCentralWidget(view)
    spy = FirstPaint()
    app.installEventFilter(spy)
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
