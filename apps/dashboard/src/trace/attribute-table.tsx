import type { AttributeValue, Attributes } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';

function formatAttributeValue(value: AttributeValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** Attributes as a key/value table sorted by key, or "None" when there are none. */
export function AttributeTable({ attributes }: { attributes: Attributes }) {
  const { t } = useTranslation();
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <table className="kv-table">
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t('spanDetail.key')}</th>
          <th scope="col">{t('spanDetail.value')}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <th scope="row" className="kv-table__key">
              {key}
            </th>
            <td className="kv-table__value">{formatAttributeValue(attributes[key]!)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
