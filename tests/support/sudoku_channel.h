#pragma once

// A sudoku encoded as conda packages, as mamba's stress channel does: a cell is a package, its
// value the version, the rules `!=` dependencies on the other cells of its row, column and box.
// Built here because the copy in the shared fixtures gets the boxes wrong (see docs/solver.md).

#include "core/specs/package_record.h"

#include <string>
#include <vector>

namespace envdesk::test {

inline std::string sudokuCell(int row, int column)
{
    return "sudoku_" + std::to_string(row) + "_" + std::to_string(column);
}

inline std::vector<specs::PackageRecord> sudokuRecords()
{
    std::vector<specs::PackageRecord> records;
    for (int r = 0; r < 9; ++r) {
        for (int c = 0; c < 9; ++c) {
            for (int v = 1; v <= 9; ++v) {
                specs::PackageRecord record;
                record.name = sudokuCell(r, c);
                record.version = std::to_string(v);
                record.build = "0";
                record.channel = "sudoku";
                record.subdir = "noarch";
                for (int r2 = 0; r2 < 9; ++r2) {
                    for (int c2 = 0; c2 < 9; ++c2) {
                        const bool peer =
                            r2 == r || c2 == c || (r2 / 3 == r / 3 && c2 / 3 == c / 3);
                        if (peer && !(r2 == r && c2 == c)) {
                            record.depends.push_back(sudokuCell(r2, c2)
                                                     + " !=" + std::to_string(v));
                        }
                    }
                }
                records.push_back(std::move(record));
            }
        }
    }
    return records;
}

} // namespace envdesk::test
