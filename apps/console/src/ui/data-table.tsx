import { type ReactNode } from 'react';
import { ScrollRegion } from './components';

export type Column = string | { label: ReactNode; className?: string };

/** A table in a ScrollRegion named `label`: column headers, then the rows given as children. */
export function DataTable({
  label,
  columns,
  className,
  children,
}: {
  label: string;
  columns: readonly Column[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <ScrollRegion label={label}>
      <table className={className}>
        <thead>
          <tr>
            {columns.map((column, index) =>
              typeof column === 'string' ? (
                <th key={index} scope="col">
                  {column}
                </th>
              ) : (
                <th key={index} scope="col" className={column.className}>
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollRegion>
  );
}
